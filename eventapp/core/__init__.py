"""Cross-cutting pieces: model mixins, roles and permissions, tokens, mail, i18n, errors."""
