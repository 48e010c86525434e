#include "SignatureOptions.h"

#include "Secrets.h"
#include "ServerConfig.h"
#include "SignatureCheck.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SignatureOptions", text);
}

} // namespace

void SignatureOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("verify"),
            tr("Check a signature on every webhook: token, hmac-sha256 or standard-webhooks. The secret comes from "
               "HOOKSCOPE_VERIFY_SECRET or the keychain entry verify:PATH. Unverified webhooks are stored, marked."),
            QStringLiteral("KIND")},
        {QStringLiteral("verify-header"), tr("The header holding the token or signature (default X-Signature)."),
            QStringLiteral("NAME")},
        {QStringLiteral("verify-encoding"), tr("How the HMAC digest is written: hex (default) or base64."),
            QStringLiteral("ENCODING")},
        {QStringLiteral("verify-path"), tr("Check only the requests whose path starts with this."),
            QStringLiteral("PREFIX")},
        {QStringLiteral("verify-status"), tr("The answer to an unverified webhook (default 401; 0: as usual)."),
            QStringLiteral("CODE")},
    });
}

bool SignatureOptions::read(const QCommandLineParser& parser, ServerConfig* config, QString* error)
{
    if (!parser.isSet(QStringLiteral("verify"))) {
        return true;
    }
    SignatureRule rule;
    const QString kind = parser.value(QStringLiteral("verify"));
    if (kind == QLatin1String("token")) {
        rule.kind = SignatureRule::Kind::Token;
    } else if (kind == QLatin1String("hmac-sha256")) {
        rule.kind = SignatureRule::Kind::HmacSha256;
    } else if (kind == QLatin1String("standard-webhooks")) {
        rule.kind = SignatureRule::Kind::StandardWebhooks;
    } else {
        *error = tr("--verify '%1' is not token, hmac-sha256 or standard-webhooks").arg(kind);
        return false;
    }
    if (parser.isSet(QStringLiteral("verify-header"))) {
        rule.header = parser.value(QStringLiteral("verify-header")).toUtf8();
    }
    const QString encoding = parser.value(QStringLiteral("verify-encoding"));
    if (!encoding.isEmpty() && encoding != QLatin1String("hex") && encoding != QLatin1String("base64")) {
        *error = tr("--verify-encoding '%1' is not hex or base64").arg(encoding);
        return false;
    }
    rule.encoding = encoding == QLatin1String("base64") ? TargetAuth::Encoding::Base64 : TargetAuth::Encoding::Hex;
    rule.pathPrefix = parser.value(QStringLiteral("verify-path")).toUtf8();
    if (parser.isSet(QStringLiteral("verify-status"))) {
        bool ok = false;
        rule.failStatus = parser.value(QStringLiteral("verify-status")).toInt(&ok);
        if (!ok) {
            *error = tr("--verify-status '%1' is not a status").arg(parser.value(QStringLiteral("verify-status")));
            return false;
        }
    }
    rule.secret = qgetenv("HOOKSCOPE_VERIFY_SECRET");
    if (rule.secret.isEmpty()) {
        Secrets secrets;
        const QString key = QStringLiteral("verify:")
            + (rule.pathPrefix.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(rule.pathPrefix));
        const Secrets::Result found = secrets.readNow(key);
        if (!found.ok) {
            *error = tr("--verify needs a secret: set HOOKSCOPE_VERIFY_SECRET, or store it in the keychain as %1 (%2)")
                         .arg(key, found.message);
            return false;
        }
        rule.secret = found.secret;
    }
    const QString problem = SignatureCheck::check(rule);
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
    config->signatures = std::make_shared<SignatureCheck>();
    config->signatures->setRules({rule});
    return true;
}
