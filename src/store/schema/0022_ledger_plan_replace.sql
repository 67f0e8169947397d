-- 0022: plans replaced and withdrawn (issue 7). A plan imported again (same title, not
-- withdrawn) is replaced in place: its measures whose text is unchanged keep their rows and with
-- them their reports, urgings, evidence and status; measures the new text no longer has are
-- cancelled, not deleted. A plan withdrawn (撤回) with a reason leaves the default lists and
-- reports; its rows stay.

ALTER TABLE ledger_plans ADD COLUMN replaced_at TEXT;
ALTER TABLE ledger_plans ADD COLUMN withdrawn_at TEXT;
ALTER TABLE ledger_plans ADD COLUMN withdrawn_by TEXT;
ALTER TABLE ledger_plans ADD COLUMN withdraw_reason TEXT;
CREATE INDEX ledger_plans_title ON ledger_plans(title);
