-- Search that finds bundles as well as items, in everyday words and in English (issue 15: forms a
-- real applicant can fill, and search).
-- search_synonyms: the city's table of everyday words (term) and the words search looks for in
-- their place (word), in order (seq): 开饭店 → 餐饮. Admins replace it whole (PUT
-- /api/v1/search-synonyms, `yiwang synonyms import`); these rows are where a city starts.
-- items.name_en, bundles.name_en: the English names (catalog and bundle JSON's name_en), NULL
-- until given. bundles.search_text: what search reads of a bundle besides its names (its
-- description, its questions); a bundle saved before this migration has its name there until it
-- is saved again.
CREATE TABLE search_synonyms (
    term TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (term, seq)
);

ALTER TABLE items ADD COLUMN name_en TEXT;
ALTER TABLE bundles ADD COLUMN name_en TEXT;
ALTER TABLE bundles ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE bundles SET search_text = name;

INSERT INTO search_synonyms (term, seq, word) VALUES
    ('开饭店', 0, '餐饮'), ('开餐馆', 0, '餐饮'), ('饭馆', 0, '餐饮'), ('饭店', 0, '餐饮'), ('餐馆', 0, '餐饮'),
    ('餐厅', 0, '餐饮'), ('小吃', 0, '餐饮'), ('开店', 0, '开办'), ('开公司', 0, '开办'), ('开公司', 1, '营业执照'),
    ('办执照', 0, '营业执照'), ('执照', 0, '营业执照'), ('个体户', 0, '个体工商户'), ('关公司', 0, '注销'),
    ('生孩子', 0, '出生'), ('上学', 0, '入学'), ('买房', 0, '不动产'), ('买房', 1, '二手房'),
    ('过户', 0, '转移登记'), ('通水', 0, '报装'), ('通电', 0, '报装'), ('社保', 0, '社会保险');
