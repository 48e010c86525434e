#include "TargetList.h"

#include <QSettings>

namespace {

QString authName(TargetAuth::Kind kind)
{
    switch (kind) {
    case TargetAuth::Kind::Bearer:
        return QStringLiteral("bearer");
    case TargetAuth::Kind::HmacSha256:
        return QStringLiteral("hmac-sha256");
    case TargetAuth::Kind::None:
        break;
    }
    return QStringLiteral("none");
}

TargetAuth::Kind authKind(const QString& name)
{
    if (name == QLatin1String("bearer")) {
        return TargetAuth::Kind::Bearer;
    }
    return name == QLatin1String("hmac-sha256") ? TargetAuth::Kind::HmacSha256 : TargetAuth::Kind::None;
}

} // namespace

QList<DeliveryTarget> TargetList::recent()
{
    QSettings settings;
    QList<DeliveryTarget> targets;
    const int size = settings.beginReadArray(QStringLiteral("targets"));
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        DeliveryTarget t;
        t.url = QUrl(settings.value(QStringLiteral("url")).toString());
        if (!t.url.isValid() || t.url.isEmpty()) {
            continue;
        }
        const QString environment = settings.value(QStringLiteral("environment")).toString();
        t.environment = environment == QLatin1String("staging") || environment == QLatin1String("production")
            ? environment
            : QString();
        t.authKind = authKind(settings.value(QStringLiteral("auth")).toString());
        t.signatureHeader = settings.value(QStringLiteral("signatureHeader"), t.signatureHeader).toByteArray();
        t.signatureEncoding = settings.value(QStringLiteral("signatureEncoding")).toString() == QLatin1String("base64")
            ? TargetAuth::Encoding::Base64
            : TargetAuth::Encoding::Hex;
        t.lastUsedMs = settings.value(QStringLiteral("lastUsed")).toLongLong();
        targets.append(t);
    }
    settings.endArray();
    return targets;
}

std::optional<DeliveryTarget> TargetList::find(const QUrl& url)
{
    for (const DeliveryTarget& t : recent()) {
        if (t.url == url) {
            return t;
        }
    }
    return std::nullopt;
}

void TargetList::remember(const DeliveryTarget& target)
{
    QList<DeliveryTarget> targets = recent();
    targets.removeIf([&](const DeliveryTarget& t) { return t.url == target.url; });
    targets.prepend(target);
    save(targets.mid(0, MaxRecent));
}

void TargetList::forget(const QUrl& url)
{
    QList<DeliveryTarget> targets = recent();
    targets.removeIf([&](const DeliveryTarget& t) { return t.url == url; });
    save(targets);
}

void TargetList::save(const QList<DeliveryTarget>& targets)
{
    QSettings settings;
    settings.remove(QStringLiteral("targets"));
    settings.beginWriteArray(QStringLiteral("targets"), static_cast<int>(targets.size()));
    for (int i = 0; i < targets.size(); ++i) {
        const DeliveryTarget& t = targets.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("url"), t.url.toString());
        settings.setValue(QStringLiteral("environment"), t.environment);
        settings.setValue(QStringLiteral("auth"), authName(t.authKind));
        settings.setValue(QStringLiteral("signatureHeader"), t.signatureHeader);
        settings.setValue(QStringLiteral("signatureEncoding"),
            t.signatureEncoding == TargetAuth::Encoding::Base64 ? QStringLiteral("base64") : QStringLiteral("hex"));
        settings.setValue(QStringLiteral("lastUsed"), t.lastUsedMs);
    }
    settings.endArray();
}
