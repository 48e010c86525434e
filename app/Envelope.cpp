#include "Envelope.h"

#include "Catalog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

Envelope Envelope::parse(
    const QByteArray& method, const QByteArray& contentType, const QByteArray& body, const Catalog& catalog)
{
    Envelope e;
    if (method != "POST") {
        e.problems.append(QStringLiteral("method is not POST: %1").arg(QString::fromLatin1(method)));
    }
    if (body.isEmpty()) {
        e.problems.append(QStringLiteral("body is empty"));
        return e;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        e.problems.append(QStringLiteral("body is not JSON"));
        return e;
    }
    if (!doc.isObject()) {
        e.problems.append(QStringLiteral("body is not a JSON object"));
        return e;
    }
    const QByteArray mediaType = contentType.split(';').constFirst().trimmed().toLower();
    if (mediaType != "application/json") {
        e.problems.append(QStringLiteral("content type is not application/json"));
    }
    e.readObject(doc.object(), catalog);
    return e;
}

bool Envelope::isUuid(const QString& key)
{
    // 8-4-4-4-12 hex digits and nothing around them (QUuid::fromString would also take braces,
    // and returns the nil UUID for garbage, so it can't tell the nil UUID from a failure).
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
    return uuid.match(key).hasMatch();
}

QString Envelope::stringField(const QJsonObject& object, const QString& name)
{
    const auto it = object.constFind(name);
    if (it == object.constEnd()) {
        problems.append(QStringLiteral("missing field: %1").arg(name));
        return {};
    }
    if (!it->isString()) {
        problems.append(QStringLiteral("%1 is not a string").arg(name));
        return {};
    }
    return it->toString();
}

void Envelope::readObject(const QJsonObject& object, const Catalog& catalog)
{
    event = stringField(object, QStringLiteral("event"));
    message = stringField(object, QStringLiteral("message"));
    idempotencyKey = stringField(object, QStringLiteral("idempotency_key"));
    environment = stringField(object, QStringLiteral("environment"));
    const auto data = object.constFind(QLatin1String("data"));
    if (data == object.constEnd()) {
        problems.append(QStringLiteral("missing field: data"));
    } else if (!data->isObject()) {
        problems.append(QStringLiteral("data is not an object"));
    }
    if (!event.isNull()) {
        checkEvent(catalog);
    }
    if (!channel.isEmpty() && data != object.constEnd() && data->isObject()) {
        readResourceId(data->toObject().value(QLatin1String("id")));
    }
    if (!environment.isNull() && !catalog.environments().contains(environment)) {
        problems.append(QStringLiteral("environment is not staging or production: %1").arg(environment));
    }
    if (!idempotencyKey.isNull() && !isUuid(idempotencyKey)) {
        problems.append(QStringLiteral("idempotency_key is not a UUID"));
    }
}

void Envelope::readResourceId(const QJsonValue& id)
{
    // Integers only up to 2^53: beyond that a double no longer holds every integer, and two
    // resources could read as one. The history's migration (EventStore) spells ids the same way.
    constexpr double exactLimit = 9007199254740992.0;
    if (id.isString()) {
        resourceId = id.toString();
    } else if (id.isDouble()) {
        const double value = id.toDouble();
        if (std::trunc(value) == value && std::fabs(value) < exactLimit) {
            resourceId = QString::number(static_cast<qint64>(value));
        }
    }
}

void Envelope::checkEvent(const Catalog& catalog)
{
    const qsizetype dot = event.indexOf(QLatin1Char('.'));
    if (dot <= 0 || dot == event.size() - 1 || event.indexOf(QLatin1Char('.'), dot + 1) >= 0) {
        problems.append(QStringLiteral("event is not <channel>.<action>: %1").arg(event));
        return;
    }
    channel = event.left(dot);
    action = event.mid(dot + 1);
    if (!catalog.hasChannel(channel)) {
        problems.append(QStringLiteral("unknown channel: %1").arg(channel));
    } else if (!catalog.offers(channel, action)) {
        problems.append(QStringLiteral("channel %1 does not offer %2 (it offers %3)")
                            .arg(channel, action, catalog.actions(channel).join(QLatin1String(", "))));
    }
}
