"""Administration: users and roles, backup and restore, retention, subject access, the audit check,
where stored files live."""
