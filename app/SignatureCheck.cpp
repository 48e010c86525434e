#include "SignatureCheck.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace {

/// Compares in time that depends on the lengths only: a timing difference must not tell a sender
/// how much of a forged signature was right.
bool sameBytes(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

QByteArray hmac(const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

/// Standard Webhooks secrets are "whsec_" + base64 of the key.
QByteArray standardKey(const QByteArray& secret)
{
    return secret.startsWith("whsec_") ? QByteArray::fromBase64(secret.mid(6)) : secret;
}

} // namespace

void SignatureCheck::setRules(const QList<SignatureRule>& rules)
{
    QMutexLocker lock(&m_mutex);
    m_rules = rules;
}

QList<SignatureRule> SignatureCheck::rules() const
{
    QMutexLocker lock(&m_mutex);
    return m_rules;
}

SignatureCheck::Verdict SignatureCheck::verify(const CapturedRequest& request, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    const QByteArray path = request.path();
    for (const SignatureRule& rule : m_rules) {
        if (path.startsWith(rule.pathPrefix)) {
            Verdict v;
            v.checked = true;
            v.problem = failure(rule, request, nowMs);
            v.failStatus = v.problem.isEmpty() ? 0 : rule.failStatus;
            return v;
        }
    }
    return {};
}

QString SignatureCheck::failure(const SignatureRule& rule, const CapturedRequest& request, qint64 nowMs)
{
    if (rule.kind == SignatureRule::Kind::StandardWebhooks) {
        return standardWebhooks(rule, request, nowMs);
    }
    const QByteArray value = request.header(rule.header).trimmed();
    if (value.isNull()) {
        return QStringLiteral("missing header %1").arg(QString::fromLatin1(rule.header));
    }
    if (rule.kind == SignatureRule::Kind::Token) {
        return sameBytes(value, rule.secret)
            ? QString()
            : QStringLiteral("wrong token in %1").arg(QString::fromLatin1(rule.header));
    }
    const QByteArray digest = hmac(rule.secret, request.body);
    // Senders often prefix the digest with its algorithm ("sha256=..."), GitHub style.
    const QByteArray given = value.startsWith("sha256=") ? value.mid(7) : value;
    const bool match = rule.encoding == TargetAuth::Encoding::Hex ? sameBytes(given.toLower(), digest.toHex())
                                                                  : sameBytes(given, digest.toBase64());
    return match ? QString()
                 : QStringLiteral("signature in %1 does not match the body").arg(QString::fromLatin1(rule.header));
}

QString SignatureCheck::standardWebhooks(const SignatureRule& rule, const CapturedRequest& request, qint64 nowMs)
{
    const QByteArray id = request.header("webhook-id");
    const QByteArray timestamp = request.header("webhook-timestamp");
    const QByteArray signatures = request.header("webhook-signature");
    for (const auto& [name, value] : {std::pair {"webhook-id", id}, std::pair {"webhook-timestamp", timestamp},
             std::pair {"webhook-signature", signatures}}) {
        if (value.isNull()) {
            return QStringLiteral("missing header %1").arg(QLatin1String(name));
        }
    }
    bool ok = false;
    const qint64 seconds = timestamp.trimmed().toLongLong(&ok);
    if (!ok) {
        return QStringLiteral("webhook-timestamp is not a number of seconds");
    }
    if (rule.toleranceSeconds > 0 && qAbs(nowMs / 1000 - seconds) > rule.toleranceSeconds) {
        return QStringLiteral("webhook-timestamp is %1 s away from now (more than %2 s)")
            .arg(qAbs(nowMs / 1000 - seconds))
            .arg(rule.toleranceSeconds);
    }
    const QByteArray expected
        = hmac(standardKey(rule.secret), id.trimmed() + '.' + timestamp.trimmed() + '.' + request.body).toBase64();
    // A space-separated list of "version,signature": any v1 one that matches will do (key rotation).
    for (const QByteArray& entry : signatures.split(' ')) {
        if (entry.startsWith("v1,") && sameBytes(entry.mid(3), expected)) {
            return {};
        }
    }
    return QStringLiteral("no signature in webhook-signature matches the body");
}

QString SignatureCheck::check(const SignatureRule& rule)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("SignatureCheck", text); };
    if (rule.secret.isEmpty()) {
        return tr("the signature check needs a secret");
    }
    if (rule.kind == SignatureRule::Kind::StandardWebhooks && rule.secret.startsWith("whsec_")
        && QByteArray::fromBase64(rule.secret.mid(6)).isEmpty()) {
        return tr("the secret after whsec_ is not base64");
    }
    if (rule.kind != SignatureRule::Kind::StandardWebhooks
        && (rule.header.isEmpty() || rule.header.contains(':') || rule.header.contains(' '))) {
        return tr("the header name '%1' can't be used").arg(QString::fromLatin1(rule.header));
    }
    if (rule.failStatus != 0 && (rule.failStatus < 200 || rule.failStatus > 599)) {
        return tr("the status for unverified requests must be from 200 to 599 (or 0)");
    }
    if (!rule.pathPrefix.isEmpty() && !rule.pathPrefix.startsWith('/')) {
        return tr("a path starts with /");
    }
    return {};
}
