-- Who chaired a meeting and who kept its minutes, among its attendance: the minutes name them.
ALTER TABLE meeting_attendees ADD COLUMN role TEXT NOT NULL DEFAULT 'attendee';
