"""Language-independent text facts: language detection, dates, phrase matching, quotation marks."""
