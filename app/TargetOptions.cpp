#include "TargetOptions.h"

#include "Secrets.h"
#include "TargetList.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("TargetOptions", text);
}

} // namespace

void TargetOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("to"), tr("The target URL (http or https)."), QStringLiteral("URL")},
        {QStringLiteral("fresh-key"), tr("Give each event a new idempotency key (default: keep the original).")},
        {QStringLiteral("target-environment"),
            tr("Mark the target as staging or production for the guard rail (remembered)."), QStringLiteral("ENV")},
        {QStringLiteral("timeout"), tr("Seconds to wait for each answer (default 30)."), QStringLiteral("SECONDS")},
    });
}

QUrl TargetOptions::targetUrl(const QString& text, QString* error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = tr("--to '%1' is not an http:// or https:// URL").arg(text);
        return {};
    }
    return url;
}

bool TargetOptions::read(const QCommandLineParser& parser, ResendOptions* options, QString* error)
{
    if (!parser.isSet(QStringLiteral("to"))) {
        *error = tr("--to URL is needed");
        return false;
    }
    const QUrl url = targetUrl(parser.value(QStringLiteral("to")), error);
    if (!url.isValid()) {
        return false;
    }
    DeliveryTarget fresh;
    fresh.url = url;
    options->target = TargetList::find(url).value_or(fresh);
    if (parser.isSet(QStringLiteral("target-environment"))) {
        const QString environment = parser.value(QStringLiteral("target-environment"));
        if (environment != QLatin1String("staging") && environment != QLatin1String("production")) {
            *error = tr("--target-environment '%1' is not staging or production").arg(environment);
            return false;
        }
        options->target.environment = environment;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            *error = tr("--timeout '%1' is not a number of seconds (up to 3600)")
                         .arg(parser.value(QStringLiteral("timeout")));
            return false;
        }
        options->timeoutMs = static_cast<int>(seconds * 1000);
    }
    options->key = parser.isSet(QStringLiteral("fresh-key")) ? OutgoingRequest::Key::Fresh : OutgoingRequest::Key::Keep;
    return true;
}

bool TargetOptions::readSecret(ResendOptions* options, QString* error)
{
    const DeliveryTarget& target = options->target;
    if (target.authKind == TargetAuth::Kind::None) {
        return true;
    }
    Secrets secrets;
    const Secrets::Result secret = secrets.readNow(target.secretKey());
    if (!secret.ok) {
        *error = tr("the target's secret could not be read: %1").arg(secret.message);
        return false;
    }
    options->auth.kind = target.authKind;
    options->auth.secret = secret.secret;
    options->auth.headerName = target.signatureHeader;
    options->auth.encoding = target.signatureEncoding;
    return true;
}
