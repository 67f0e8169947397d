-- 0040: the guide's files and the site's settings.
-- guide_files: the blank forms (空白表格) and samples (示例) items' guides offer for download,
-- public by nature and so kept apart from applicants' uploads (0017): one row per SHA-256
-- (lowercase hex), the bytes whole in the store (every server of one store serves them alike).
-- An item's guide names a file by its hash and gives it the name it downloads under
-- (src/domain/catalog/catalog.h).
CREATE TABLE guide_files (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    content    BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- site_settings: what every page's footer says of the deployment (主办单位, its address, phone,
-- e-mail, ICP 备案号), one row per setting (src/domain/site/site.h names them), set by
-- administrators and read by anyone.
CREATE TABLE site_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
