"""Oscar's orders dashboard forked so each producer sees only its own lines of a shared order."""
