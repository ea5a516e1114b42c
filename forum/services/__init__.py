"""Writes for the forum, by subject: posting (threads, answers, replies,
edits, deletion), voting and accepting. Each function is one transaction;
every refusal is a ForumError."""
