//! The HTTP client layer (filled in by the client work).
