//! The process's allocator, mimalloc, and the one option it is given: the only unsafe code of the
//! project, two calls of mimalloc's C option API.
#![allow(unsafe_code)]

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// mimalloc instead of glibc's allocator: under a mixed load glibc's per-thread arenas kept freed
/// memory and the server grew from 87 MB to 261 MB in a minute (see the memory soak in
/// bench/hardening). mimalloc, told to give freed pages back at once, stays near 65 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (libmimalloc-sys names no constant for
/// it): how many milliseconds freed memory waits before it goes back to the system. The test below
/// checks the number against the option's documented default, 1000.
const PURGE_DELAY: mi_option_t = 15;

/// The environment variable that sets the same option; an operator who sets it is obeyed.
const PURGE_DELAY_VARIABLE: &str = "MIMALLOC_PURGE_DELAY";

/// Gives freed memory back to the system at once, unless the environment says otherwise. mimalloc
/// reads the delay each time it purges, so setting it as `main` starts covers the server's life.
pub fn give_memory_back_at_once() {
    if std::env::var_os(PURGE_DELAY_VARIABLE).is_none() {
        // SAFETY: mi_option_set writes one entry of mimalloc's option table (an atomic store); any
        // option number below `_mi_option_last` is valid, and PURGE_DELAY is checked by a test.
        unsafe { mi_option_set(PURGE_DELAY, 0) }
    }
}

/// The delay in force, in milliseconds.
#[cfg(test)]
fn purge_delay() -> std::ffi::c_long {
    use libmimalloc_sys::mi_option_get;
    // SAFETY: mi_option_get reads one entry of mimalloc's option table; PURGE_DELAY is valid.
    unsafe { mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_it_is_named_for_and_is_set_to_nothing() {
        if std::env::var_os(PURGE_DELAY_VARIABLE).is_some() {
            return;
        }
        assert_eq!(purge_delay(), 1000, "mimalloc's default purge delay");
        give_memory_back_at_once();
        assert_eq!(purge_delay(), 0);
    }
}
