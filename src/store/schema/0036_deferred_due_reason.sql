-- 容缺 due dates past the case's own deadline (issue 15: 帮办代办 as a clerk works): a clerk who
-- gives a deferred material a due date after the case's promised date says why, and the reason
-- is kept beside the date (NULL for a date within the deadline, and for every earlier row).
ALTER TABLE case_materials ADD COLUMN due_reason TEXT;
