"""Articles to paragraphs and sentences."""
