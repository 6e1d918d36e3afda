-- Segregation of duties (issue 18, H3): API keys are for service accounts (or minted by a person for himself).
-- A service account has no usable password: it signs in only by API key, and holds neither Approver nor Admin.
ALTER TABLE users ADD COLUMN service_account INTEGER NOT NULL DEFAULT 0 CHECK (service_account IN (0, 1));
