-- 0009: where a source's data came from. A CSV source records its events file's full path on import; importing a
-- different file under the same source name (two data sets merged silently under one name) is refused unless the
-- user asks to replace the source's data. NULL: not recorded (sources imported before 0008, tracker sources).
ALTER TABLE sources ADD COLUMN origin text;
