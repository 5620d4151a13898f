"""Hugo-style shortcodes: the tokenizer (`parse`), built-in argument rules and the expander."""
