//! Learning networks and professional networks: members, learning agents, meetings and the
//! assignments members take on between meetings; the "theme of the month" rotation.
