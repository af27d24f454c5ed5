"""Moderation: flags, the review queue, hiding and locking, sanctions, watched words, spam rules
and the audit log, for any content type that registers itself (see `registry`)."""
