-- 0041: electronic certificates (电子证照, issue 16): their types, the certificates themselves,
-- the status lists that revoke and suspend them, the keys that sign them, and who read whose.
--
-- cert_types: one row per type of certificate the city issues or holds. code is the type code the
-- identifier carries (GB/T 36904: 1.2.156.3005.2.<code>.<issuer>.<serial>.<version>.<check>);
-- name is what the catalog's materials (cert_type) and items (issues) call it; department the
-- code of the issuing department; issuer the USCC of the issuing authority (in the identifier);
-- holder who holds it (entity: an enterprise by USCC; person: a person by ID number);
-- validity_years how long it is valid from issue (NULL: until revoked); fields the type's fields
-- as JSON [{"key","label","label_en"}] — keys are the form's data elements, so an issuing case's
-- form fills them; number_prefix begins its printed number; national: held from the national
-- system (居民身份证) — imported, never issued here; next_serial the serial the next one takes.
CREATE TABLE cert_types (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    name_en        TEXT NOT NULL,
    department     TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    holder         TEXT NOT NULL CHECK (holder IN ('entity', 'person')),
    validity_years INTEGER,
    fields         TEXT NOT NULL,
    number_prefix  TEXT NOT NULL,
    national       INTEGER NOT NULL DEFAULT 0,
    next_serial    INTEGER NOT NULL DEFAULT 1
);

INSERT INTO cert_types (code, name, name_en, department, issuer, holder, validity_years, fields, number_prefix, national) VALUES
('YYZZ', '营业执照', 'Business licence', 'QD-SCJG', '11370200MB1A0001X7', 'entity', NULL,
 '[{"key":"entity.name","label":"名称","label_en":"Name"},{"key":"entity.kind","label":"类型","label_en":"Type"},{"key":"legal_rep.name","label":"法定代表人（经营者）","label_en":"Legal representative (operator)"},{"key":"entity.established_on","label":"成立日期","label_en":"Established on"},{"key":"entity.address","label":"住所（经营场所）","label_en":"Address"}]',
 'YZ', 0),
('SPJY', '食品经营许可证', 'Food business licence', 'QD-SCJG', '11370200MB1A0001X7', 'entity', 5,
 '[{"key":"entity.name","label":"经营者名称","label_en":"Operator"},{"key":"legal_rep.name","label":"法定代表人（负责人）","label_en":"Legal representative"},{"key":"entity.address","label":"经营场所","label_en":"Premises"},{"key":"food.items","label":"经营项目","label_en":"Business items"}]',
 'JY', 0),
('GGWS', '公共场所卫生许可证', 'Public place hygiene licence', 'QD-WJW', '11370200MB1A000287', 'entity', 4,
 '[{"key":"entity.name","label":"单位名称","label_en":"Unit"},{"key":"legal_rep.name","label":"法定代表人","label_en":"Legal representative"},{"key":"entity.address","label":"地址","label_en":"Address"},{"key":"hygiene.items","label":"许可项目","label_en":"Licensed activities"}]',
 'WS', 0),
('PWXK', '排污许可证', 'Pollutant discharge permit', 'QD-STHJ', '11370200MB1A000362', 'entity', 5,
 '[{"key":"entity.name","label":"单位名称","label_en":"Unit"},{"key":"entity.address","label":"生产经营场所地址","label_en":"Site"},{"key":"pollution.industry","label":"行业类别","label_en":"Industry"}]',
 'PW', 0),
('CJRZ', '残疾人证', 'Disability certificate', 'QD-MZJ', '11370200MB1A00044W', 'person', 10,
 '[{"key":"person.name","label":"姓名","label_en":"Name"},{"key":"disability.kind","label":"残疾类别","label_en":"Kind of disability"},{"key":"disability.grade","label":"残疾等级","label_en":"Grade"}]',
 'CJ', 0),
('CSYX', '出生医学证明', 'Medical birth certificate', 'QD-WJW', '11370200MB1A000287', 'person', NULL,
 '[{"key":"child.name","label":"新生儿姓名","label_en":"Child"},{"key":"child.birth_date","label":"出生日期","label_en":"Born on"},{"key":"mother.name","label":"母亲姓名","label_en":"Mother"},{"key":"father.name","label":"父亲姓名","label_en":"Father"}]',
 'CS', 0),
('BDCQ', '不动产权证书', 'Real estate title certificate', 'QD-ZRZY', '11370200MB1A00052P', 'person', NULL,
 '[{"key":"person.name","label":"权利人","label_en":"Right holder"},{"key":"property.address","label":"坐落","label_en":"Location"},{"key":"property.area","label":"面积（平方米）","label_en":"Area (m²)"},{"key":"property.use","label":"用途","label_en":"Use"}]',
 'BD', 0),
('JMSFZ', '居民身份证', 'Resident identity card', 'QD-GA', '11370200MB1A00060J', 'person', 20,
 '[{"key":"person.name","label":"姓名","label_en":"Name"},{"key":"person.sex","label":"性别","label_en":"Sex"},{"key":"person.birth_date","label":"出生日期","label_en":"Born on"},{"key":"person.address","label":"住址","label_en":"Address"}]',
 'SF', 1);

-- cert_keys: the public keys certificates and status lists are signed with, by kid (the key's
-- RFC 7638 thumbprint), as the JWK the JWKS lists (jwk: JSON text). alg: EdDSA (Ed25519) or
-- SM2SM3 (yiwang's 国密 profile). A key is registered by the server or command that signs with
-- it; retired_at is set when an operator retires it (it stays listed while a certificate it
-- signed is still valid).
CREATE TABLE cert_keys (
    kid        TEXT PRIMARY KEY,
    alg        TEXT NOT NULL CHECK (alg IN ('EdDSA', 'SM2SM3')),
    jwk        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

-- cert_status_lists: the Bitstring Status Lists, per purpose (revocation, suspension) numbered
-- from 1, each `size` entries; used counts the indexes allocated in it. A certificate takes one
-- index in a list of each purpose, at random among the free ones, never reused.
CREATE TABLE cert_status_lists (
    purpose    TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
    list_no    INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (purpose, list_no)
);

-- certificates: one row per certificate version. id (ULID) is what pages and URLs use;
-- identifier the GB/T 36904 identifier, number the printed number (per type); holder_kind and
-- holder_id (USCC or ID number) and holder_name as issued; account_id the account it was issued
-- to (the applicant acting for an enterprise), when any; fields the type's fields as a JSON
-- object; state valid, suspended, revoked or superseded (a later version replaced it: it links
-- to this one by replaces); case_id and item_code the case item that issued it; the status
-- indexes; kid the key and jws the compact credential (vc+jwt), kept as signed.
CREATE TABLE certificates (
    id                TEXT PRIMARY KEY,
    identifier        TEXT NOT NULL UNIQUE,
    type_code         TEXT NOT NULL REFERENCES cert_types(code),
    number            TEXT NOT NULL,
    serial            TEXT NOT NULL,
    version           INTEGER NOT NULL,
    holder_kind       TEXT NOT NULL CHECK (holder_kind IN ('entity', 'person')),
    holder_id         TEXT NOT NULL,
    holder_name       TEXT NOT NULL,
    account_id        TEXT REFERENCES accounts(id),
    fields            TEXT NOT NULL,
    valid_from        TEXT NOT NULL,
    valid_until       TEXT,
    state             TEXT NOT NULL CHECK (state IN ('valid', 'suspended', 'revoked', 'superseded')),
    replaces          TEXT REFERENCES certificates(id),
    case_id           TEXT REFERENCES cases(id),
    item_code         TEXT,
    revocation_list   INTEGER NOT NULL,
    revocation_index  INTEGER NOT NULL,
    suspension_list   INTEGER NOT NULL,
    suspension_index  INTEGER NOT NULL,
    kid               TEXT NOT NULL REFERENCES cert_keys(kid),
    jws               TEXT NOT NULL,
    issued_at         TEXT NOT NULL,
    issued_by         TEXT,
    reason            TEXT,
    changed_at        TEXT,
    source            TEXT NOT NULL DEFAULT 'issued' CHECK (source IN ('issued', 'imported')),
    UNIQUE (type_code, number),
    UNIQUE (revocation_list, revocation_index),
    UNIQUE (suspension_list, suspension_index)
);
CREATE INDEX certificates_holder ON certificates(holder_id, type_code);
CREATE INDEX certificates_account ON certificates(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX certificates_case ON certificates(case_id) WHERE case_id IS NOT NULL;

-- cert_reads: who read whose certificate, for which case (the sharing interface: a department
-- reads a holder's certificates only for a case it handles) — the holder sees the list.
CREATE TABLE cert_reads (
    id             TEXT PRIMARY KEY,
    certificate_id TEXT NOT NULL REFERENCES certificates(id),
    reader_id      TEXT NOT NULL REFERENCES accounts(id),
    department_id  TEXT REFERENCES departments(id),
    case_id        TEXT REFERENCES cases(id),
    purpose        TEXT NOT NULL,
    read_at        TEXT NOT NULL
);
CREATE INDEX cert_reads_certificate ON cert_reads(certificate_id, read_at);

-- a material satisfied by a certificate the applicant holds (免提交): its id
ALTER TABLE case_materials ADD COLUMN certificate_id TEXT REFERENCES certificates(id);
