"""Records to articles: chrome and boilerplate removal, metadata, blocks, restoration."""
