"""``gongkai remind`` on the demo county, as an office would run it from cron: the dry
run prints the digests, the real run sends them to the SMTP server the environment
names (GONGKAI_EMAIL_HOST / _PORT / GONGKAI_DEFAULT_FROM_EMAIL) — here aiosmtpd on the
loopback."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from support import TODAY, run_gongkai

pytestmark = pytest.mark.dated


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("remind-demo")
    run = run_gongkai("demo", "--as-of", TODAY.isoformat(), home=home)
    assert run.returncode == 0, run.stderr
    return home


def test_dry_run_prints_the_digests_and_sends_nothing(demo_home, smtp_server):
    env = {"GONGKAI_EMAIL_HOST": "127.0.0.1", "GONGKAI_EMAIL_PORT": str(smtp_server.port)}
    run = run_gongkai("remind", "--dry-run", "--as-of", TODAY.isoformat(), home=demo_home, env=env)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    # The demo's 发展和改革局 has a reply overdue and one due within 3 working days.
    assert "To: clerk.fgj@slx.example" in out
    # the demo always has one overdue and one due soon at 发改局; other days may add more
    fgj = out[out.index("To: clerk.fgj@slx.example") :].split("=" * 72)[0]
    m = re.search(
        rf"Subject: 政府信息公开待办提醒（{TODAY.isoformat()}）：已超期(\d+)件，即将到期(\d+)件",
        fgj,
    )
    assert m and int(m[1]) >= 1 and int(m[2]) >= 1, fgj
    assert "示例县发展和改革局经办人，您好：" in fgj and "【已超期】" in fgj
    assert re.search(r"Dry run: [1-9]\d* digests to send", out)
    would = re.search(r"clerk_fgj <clerk.fgj@slx.example> would get (\d+) items", out)
    assert would and int(would[1]) >= 2, out
    # No identity number or phone of any applicant (the demo's are 1301… and 13…).
    assert not re.search(r"1301\d{14}|\b1[3-9]\d{9}\b", out)
    assert smtp_server.messages() == []


def test_the_digests_go_to_the_smtp_server_of_the_environment(demo_home, smtp_server):
    env = {
        "GONGKAI_EMAIL_HOST": "127.0.0.1",
        "GONGKAI_EMAIL_PORT": str(smtp_server.port),
        "GONGKAI_DEFAULT_FROM_EMAIL": "公开办 <gongkai@slx.example>",
    }
    run = run_gongkai("remind", "--as-of", TODAY.isoformat(), home=demo_home, env=env)
    assert run.returncode == 0, run.stderr
    sent = int(re.search(r"(\d+) digests sent", run.stdout).group(1))
    mails = smtp_server.messages()
    assert sent == len(mails) >= 3
    assert {m.mail_from for m in mails} == {"gongkai@slx.example"}
    fgj = [m for m in mails if m.rcpt_tos == ["clerk.fgj@slx.example"]]
    assert len(fgj) == 1 and "【3个工作日内到期" in fgj[0].get_content()


def test_a_bad_port_or_a_dead_server_is_a_message_not_a_traceback(demo_home):
    run = run_gongkai(
        "remind", "--as-of", TODAY.isoformat(), home=demo_home, env={"GONGKAI_EMAIL_PORT": "x"}
    )
    assert run.returncode == 1 and "GONGKAI_EMAIL_PORT" in run.stderr
    assert "Traceback" not in run.stderr
    run = run_gongkai("remind", "--as-of", "2026-13-01", home=demo_home)
    assert run.returncode == 2 and "is not a date" in run.stderr


def test_run_twice_a_day_sends_each_digest_once_unless_forced(demo_home, smtp_server):
    """cron run twice (or a run again by hand): the second sends nobody the day's digest
    again; the dry run says who would be skipped; --force sends them all again. The day
    is the day after the other tests' (--as-of), so that they do not skip these."""
    day = (TODAY + timedelta(days=1)).isoformat()
    env = {"GONGKAI_EMAIL_HOST": "127.0.0.1", "GONGKAI_EMAIL_PORT": str(smtp_server.port)}

    def remind(*args: str) -> str:
        run = run_gongkai("remind", "--as-of", day, *args, home=demo_home, env=env)
        assert run.returncode == 0, run.stderr
        return run.stdout

    sent = int(re.search(r"(\d+) digests sent, 0 skipped", remind())[1])
    assert sent == len(smtp_server.messages()) >= 3
    out = remind("--dry-run")
    assert "To: clerk.fgj@slx.example (already sent this day's digest: skipped)" in out
    assert (
        f"clerk_fgj <clerk.fgj@slx.example> would be skipped: already sent the digest of {day}"
        in out
    )
    assert f"Dry run: 0 digests to send, {sent} skipped" in out
    out = remind()
    assert f"0 digests sent, {sent} skipped (already sent this day)" in out
    assert "clerk_fgj <clerk.fgj@slx.example> was skipped" in out
    assert len(smtp_server.messages()) == sent
    assert f"Dry run: {sent} digests to send, 0 skipped" in remind("--dry-run", "--force")
    assert f"{sent} digests sent, 0 skipped" in remind("--force")
    assert len(smtp_server.messages()) == 2 * sent
