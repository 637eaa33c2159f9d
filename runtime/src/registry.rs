//! The endpoint registry and the chat-apis CLI.
