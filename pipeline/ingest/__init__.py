"""Raw files to records: landing, decoding, HTML extraction, structured fields."""
