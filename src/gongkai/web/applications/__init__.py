"""Applications for disclosure (依申请公开): their ledger of events, deadlines and replies;
and the reconsideration and litigation cases they lead to (Table 4)."""
