#!/usr/bin/env python3
"""Writes SampleLogs/requests/: support-request e-mails (.eml), an mbox and a maildir, for the MailIntake tests.

Python's `email` package is the MIME writer here on purpose: it is independent of our Swift reader. Everything is
deterministic (fixed dates, boundaries, message ids, zip timestamps, gzip mtime 0), so re-running gives the same
bytes. Attachments are the small sample logs of SampleLogs/; see SampleLogs/requests/README.md for what each mail
tests and what logtriage should conclude.

Usage: python3 Scripts/make_requests.py
"""

import base64
import email.charset
import gzip
import io
import os
import zipfile
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email import encoders
from email.policy import compat32

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGS = os.path.join(ROOT, "SampleLogs")
OUT = os.path.join(LOGS, "requests")

SUPPORT = "support@mixvel.example"


def log(name):
    with open(os.path.join(LOGS, name), "rb") as handle:
        return handle.read()


def encoded(text, charset="utf-8"):
    """An RFC 2047 encoded header value (B encoding for utf-8, Q for the others as Python picks)."""
    return Header(text, charset).encode()


def headers(msg, subject, sender, date, message_id, charset="utf-8", to=SUPPORT):
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = encoded(subject, charset) if not subject.isascii() else subject
    msg["Date"] = date
    msg["Message-ID"] = message_id
    if "MIME-Version" not in msg:
        msg["MIME-Version"] = "1.0"


def text_part(text, charset="utf-8", encoding=None):
    """A text/plain part; `encoding` forces quoted-printable ('qp'), 8bit (None with a non-utf-8 charset) or base64."""
    cs = email.charset.Charset(charset)
    if encoding == "qp":
        cs.body_encoding = email.charset.QP
    elif encoding == "8bit":
        cs.body_encoding = None
    elif encoding == "base64":
        cs.body_encoding = email.charset.BASE64
    return MIMEText(text, "plain", cs)


def attachment(data, filename, maintype="application", subtype="octet-stream", name_style="2231"):
    """An attachment part. name_style: '2231' (filename*=utf-8''...), '2047' (filename="=?utf-8?b?...?="), 'ascii'."""
    part = MIMEBase(maintype, subtype)
    part.set_payload(data)
    encoders.encode_base64(part)
    if name_style == "2047":
        word = encoded(filename)
        part.set_param("name", word)
        part.add_header("Content-Disposition", "attachment", filename=word)
    elif name_style == "2231" and not filename.isascii():
        part.set_param("name", ("utf-8", "", filename))
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", filename))
    else:
        part.set_param("name", filename)
        part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def zipped(name, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 18, 11, 40, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data)
    return buffer.getvalue()


def as_bytes(msg, crlf):
    data = msg.as_bytes(policy=compat32)
    if crlf:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def mail_ru_zip():
    msg = MIMEMultipart("mixed", boundary="==ru-zip-1==")
    headers(
        msg,
        "Ошибка при создании заказа (OrderCreate)",
        "=?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan.petrov@agency.example>",
        "Wed, 18 Nov 2026 11:42:10 +0300",
        "<ru-zip-1@agency.example>",
    )
    msg.attach(text_part(
        "Добрый день!\n\n"
        "Не создаётся заказ, MixVel возвращает внутреннюю ошибку.\n"
        "Стенд: ПРОД\n"
        "Период: 18.11.2026 с 10:00 до 11:30\n\n"
        "Логи во вложении (архив).\n\n"
        "-- \n"
        "Иван Петров\n"
        "ООО «Агентство», тел. +7 495 000-00-00\n"
    ))
    msg.attach(attachment(zipped("nlog-ordercreate-internal-error.log", log("nlog-ordercreate-internal-error.log")),
                          "logs.zip", subtype="zip", name_style="ascii"))
    return as_bytes(msg, crlf=True)


def mail_en_gzip():
    msg = MIMEMultipart("mixed", boundary="==en-gz-1==")
    headers(
        msg,
        "Login fails on production after restart",
        "Anna Smith <anna.smith@agency.example>",
        "Wed, 18 Nov 2026 15:02:44 +0300",
        "<en-gz-1@agency.example>",
    )
    body = MIMEMultipart("alternative", boundary="==en-gz-alt==")
    plain = (
        "Hello,\n\n"
        "After our service restart every login is refused on the production stand.\n"
        "From 14:00 to 14:30 on 18 November 2026 (Moscow time) nothing worked.\n"
        "The gzipped log is attached.\n\n"
        "Best regards,\nAnna\n"
    )
    body.attach(MIMEText(plain, "plain", "us-ascii"))
    body.attach(MIMEText("<html><body><p>" + plain.replace("\n\n", "</p><p>").replace("\n", "<br>")
                         + "</p></body></html>", "html", "us-ascii"))
    msg.attach(body)
    msg.attach(attachment(gzip.compress(log("log4net-auth-wrong-password.log"), mtime=0),
                          "log4net-auth-wrong-password.log.gz", subtype="gzip", name_style="ascii"))
    return as_bytes(msg, crlf=False)


def mail_forwarded():
    inner = MIMEMultipart("mixed", boundary="==client-inner==")
    headers(
        inner,
        "Ошибка авторизации MixVel",
        "=?utf-8?b?0JrQsNGB0YHQsCDQsNCz0LXQvdGC0YHRgtCy0LA=?= <kassa@agency.example>",
        "Wed, 18 Nov 2026 09:40:00 +0300",
        "<client-inner-1@agency.example>",
        to="it@agency.example",
    )
    inner.attach(text_part(
        "Здравствуйте!\n\n"
        "С утра все запросы на боевом стенде падают с 401.\n"
        "Время: 18.11.2026 09:00–09:30 МСК.\n"
        "Журнал приложения во вложении.\n",
        encoding="qp",
    ))
    inner.attach(attachment(log("nlog-token-expired.log"), "Журнал ошибок.log", "text", "plain", name_style="2047"))

    outer = MIMEMultipart("mixed", boundary="==fwd-outer==")
    headers(
        outer,
        "Fwd: Ошибка авторизации MixVel",
        "IT <it@agency.example>",
        "Wed, 18 Nov 2026 10:15:00 +0300",
        "<fwd-outer-1@agency.example>",
    )
    outer.attach(text_part("Коллеги, пересылаю письмо кассы, посмотрите, пожалуйста.\n"))
    forwarded = MIMEMessage(inner)
    forwarded.add_header("Content-Disposition", "attachment", filename="client-request.eml")
    outer.attach(forwarded)
    return as_bytes(outer, crlf=True)


def mail_cp1251_qp():
    msg = MIMEMultipart("mixed", boundary="==cp1251-qp==")
    headers(
        msg,
        "Ошибка оплаты заказа",
        "Ольга <olga@agency.example>",
        "Wed, 18 Nov 2026 13:30:05 +0300",
        "<cp1251-qp-1@agency.example>",
        charset="windows-1251",
    )
    msg.attach(text_part(
        "Добрый день.\n\n"
        "При оплате заказа картой MixVel ответил внутренней ошибкой.\n"
        "Стенд: прод. Ошибка была 18.11.2026 в 13:10.\n"
        "Журнал (кодировка Windows-1251) приложен.\n",
        charset="windows-1251",
        encoding="qp",
    ))
    msg.attach(attachment(log("log4net-cp1251-internal-error.log"), "Журнал оплаты.log", "text", "plain",
                          name_style="2231"))
    return as_bytes(msg, crlf=False)


def mail_koi8r_no_hints():
    msg = MIMEMultipart("mixed", boundary="==koi8r-1==")
    headers(
        msg,
        "Не отменяется заказ",
        "Сергей <sergey@agency.example>",
        "Wed, 18 Nov 2026 13:01:00 +0300",
        "<koi8r-1@agency.example>",
        charset="koi8-r",
    )
    msg.attach(text_part(
        "Здравствуйте.\n\n"
        "Фоновая задача не может отменить заказ, MixVel отвечает ошибкой.\n"
        "Лог приложен, помогите разобраться.\n",
        charset="koi8-r",
        encoding="8bit",
    ))
    msg.attach(attachment(log("nlog-order-cancel-nothing-left.log"), "cancel-job.log", "text", "plain",
                          name_style="ascii"))
    return as_bytes(msg, crlf=False)


def mail_pasted_log():
    lines = log("nlog-ordercreate-internal-error.log").decode("utf-8").split("\n")
    excerpt = "\n".join(lines[505:520])  # lines 506-520: the OrderCreate response with the <Error>, the app error
    assert "<Error>" in excerpt and "MIX-200002" in excerpt and "Bearer" not in excerpt
    msg = text_part(
        "Добрый день!\n\n"
        "Стенд PROD, 18.11.2026 около 10:05 не создался заказ. Кусок лога:\n\n"
        + excerpt + "\n\n"
        "Спасибо.\n",
        encoding="qp",
    )
    headers(
        msg,
        "Ошибка OrderCreate, лог в письме",
        "Мария <maria@agency.example>",
        "Wed, 18 Nov 2026 10:20:00 +0300",
        "<pasted-1@agency.example>",
    )
    return as_bytes(msg, crlf=False)


def mail_damaged():
    msg = MIMEMultipart("mixed", boundary="==damaged-1==")
    headers(
        msg,
        "Ошибки провайдера и прокси",
        "Дмитрий <dmitry@agency.example>",
        "Wed, 18 Nov 2026 12:30:00 +0300",
        "<damaged-1@agency.example>",
    )
    msg.attach(text_part("Стенд: PROD, 18.11.2026 10:00-12:00. Два файла во вложении.\n"))
    msg.attach(attachment(log("raw-provider-error.xml"), "raw-provider-error.xml", "application", "xml",
                          name_style="ascii"))
    msg.attach(attachment(log("curl-proxy-407.txt"), "curl-proxy-407.txt", "text", "plain", name_style="ascii"))
    data = as_bytes(msg, crlf=True)
    # Cut the message inside the second attachment's base64 (60% of it): no closing boundary, a cut last line.
    start = data.index(b'filename="curl-proxy-407.txt"')
    body = data.index(b"\r\n\r\n", start) + 4
    end = data.index(b"\r\n--==damaged-1==--", body)
    cut = body + (end - body) * 6 // 10 + 3
    return data[:cut]


MAILS = [
    ("01-ru-zip-ordercreate.eml", mail_ru_zip),
    ("02-en-gzip-login.eml", mail_en_gzip),
    ("03-ru-forwarded-token.eml", mail_forwarded),
    ("04-ru-cp1251-qp-payment.eml", mail_cp1251_qp),
    ("05-ru-koi8r-no-hints.eml", mail_koi8r_no_hints),
    ("06-ru-pasted-log.eml", mail_pasted_log),
    ("07-damaged-cut.eml", mail_damaged),
]


def mbox_quote(data):
    """mboxrd: every line matching ^>*From gets one more '>'."""
    out = []
    for line in data.split(b"\n"):
        stripped = line.lstrip(b">")
        out.append(b">" + line if stripped.startswith(b"From ") else line)
    return b"\n".join(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    written = {}
    for name, make in MAILS:
        data = make()
        written[name] = data
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(data)

    # An mbox of three LF mails (02 has a body line starting with "From ", quoted as ">From ").
    separators = {
        "02-en-gzip-login.eml": b"From anna.smith@agency.example Wed Nov 18 12:02:44 2026\n",
        "04-ru-cp1251-qp-payment.eml": b"From olga@agency.example Wed Nov 18 10:30:05 2026\n",
        "05-ru-koi8r-no-hints.eml": b"From sergey@agency.example Wed Nov 18 10:01:00 2026\n",
    }
    with open(os.path.join(OUT, "requests.mbox"), "wb") as handle:
        for name, separator in separators.items():
            handle.write(separator + mbox_quote(written[name].rstrip(b"\n")) + b"\n\n")

    # A maildir: one read message in cur/, one new in new/, nothing in tmp/.
    maildir = os.path.join(OUT, "maildir")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    with open(os.path.join(maildir, "tmp", ".gitkeep"), "wb"):
        pass
    with open(os.path.join(maildir, "cur", "1795075200.M1P100.mx.agency.example:2,S"), "wb") as handle:
        handle.write(written["06-ru-pasted-log.eml"])
    with open(os.path.join(maildir, "new", "1795078800.M2P100.mx.agency.example"), "wb") as handle:
        handle.write(written["01-ru-zip-ordercreate.eml"])
    for name, data in written.items():
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
