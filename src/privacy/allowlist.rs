//! The lines a user has accepted, kept as salted hashes in `.agendalint-privacy.json`.
