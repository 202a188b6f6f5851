"""The reader's core: records, parsing, the corpus index and saved state. Never imports Textual."""
