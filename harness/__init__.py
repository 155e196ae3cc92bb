"""What the tests and the benchmarks share to run the app as people use it: the app server on
production settings, Debian's nginx with the shipped site in front of it, the answers that pass
each step of the resident form, a browser's form posts, and a staff member's sign-in with a
second factor. It imports the project; neither the project nor this package imports `tests` or
`benchmarks`."""
