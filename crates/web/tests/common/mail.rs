//! A mail server on loopback for the tests of reminders, and a reader of what arrives.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// A minimal SMTP server on loopback that accepts one message and hands back what arrived.
pub async fn smtp_listener() -> (u16, tokio::task::JoinHandle<Vec<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let mut messages = Vec::new();
        while let Ok(Ok((socket, _))) =
            tokio::time::timeout(std::time::Duration::from_secs(5), listener.accept()).await
        {
            let (read, mut write) = socket.into_split();
            let mut lines = tokio::io::BufReader::new(read).lines();
            write
                .write_all(b"220 localhost ESMTP test\r\n")
                .await
                .unwrap();
            let mut data = String::new();
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        messages.push(std::mem::take(&mut data));
                        write.write_all(b"250 OK queued\r\n").await.unwrap();
                    } else {
                        data.push_str(&line);
                        data.push('\n');
                    }
                    continue;
                }
                let upper = line.to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") {
                    b"250-localhost\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("DATA") {
                    in_data = true;
                    b"354 go ahead\r\n"
                } else if upper.starts_with("QUIT") {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                } else {
                    b"250 OK\r\n"
                };
                write.write_all(reply).await.unwrap();
            }
        }
        messages
    });
    (port, handle)
}

/// Undo quoted-printable or base64 bodies enough to read the text.
pub fn decode_mail(raw: &str) -> String {
    let (headers, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    if headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let joined: String = body.lines().collect();
        return String::from_utf8(base64_decode(&joined)).unwrap_or_default();
    }
    if headers.to_ascii_lowercase().contains("quoted-printable") {
        let mut out = Vec::new();
        let soft = body.replace("=\n", "");
        let bytes = soft.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let Ok(b) = u8::from_str_radix(&soft[i + 1..i + 3], 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        return String::from_utf8_lossy(&out).to_string();
    }
    body.to_string()
}

fn base64_decode(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let Some(v) = T.iter().position(|t| *t == c) else {
            continue;
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}
