"""Wire shapes both doors send: REST answers and WebSocket frames build the same msgspec
structs from here, so an offer, a message, a transaction or a notification has one shape
in the codebase (API.md). Request bodies stay with their door."""
