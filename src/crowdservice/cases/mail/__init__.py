"""Email for cases: inbound mail to cases and replies, outbound notifications with threading."""
