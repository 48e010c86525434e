#include "Catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

static void initCatalogResource()
{
    // The core is a static library: make sure its resources are linked in.
    Q_INIT_RESOURCE(resources);
}

const Catalog& Catalog::builtIn()
{
    static const Catalog catalog = [] {
        initCatalogResource();
        QFile file(QStringLiteral(":/channels.json"));
        file.open(QIODevice::ReadOnly);
        QString error;
        Catalog c = fromJson(file.readAll(), &error);
        Q_ASSERT_X(error.isEmpty(), "Catalog", qPrintable(error));
        return c;
    }();
    return catalog;
}

Catalog Catalog::fromJson(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    Catalog c;
    if (!doc.isObject()) {
        if (error) {
            *error = parseError.errorString();
        }
        return c;
    }
    const QJsonObject root = doc.object();
    const QJsonArray channels = root.value(QLatin1String("channels")).toArray();
    for (const QJsonValue& value : channels) {
        const QJsonObject o = value.toObject();
        Channel ch;
        ch.name = o.value(QLatin1String("name")).toString();
        ch.channel = o.value(QLatin1String("channel")).toString();
        for (const QJsonValue& action : o.value(QLatin1String("events")).toArray()) {
            ch.actions.append(action.toString());
        }
        c.m_index.insert(ch.channel, c.m_channels.size());
        c.m_channels.append(ch);
    }
    const QJsonArray envs
        = root.value(QLatin1String("envelope")).toObject().value(QLatin1String("environment")).toArray();
    for (const QJsonValue& env : envs) {
        c.m_environments.append(env.toString());
    }
    if (c.m_channels.isEmpty() && error) {
        *error = QStringLiteral("the catalog lists no channels");
    }
    return c;
}

bool Catalog::offers(const QString& channel, const QString& action) const
{
    return actions(channel).contains(action);
}

QStringList Catalog::actions(const QString& channel) const
{
    const auto it = m_index.constFind(channel);
    return it == m_index.constEnd() ? QStringList() : m_channels.at(*it).actions;
}

int Catalog::eventCount() const
{
    int n = 0;
    for (const Channel& ch : m_channels) {
        n += static_cast<int>(ch.actions.size());
    }
    return n;
}
