from tests.support.reference import _relay_directory  # noqa: F401  (autouse: the seeded directory)
