#pragma once

#include <QString>
#include <QStringList>

class Catalog;

/**
 * @brief The provider's webhook envelope read from a request, with what is wrong with it.
 *
 * Fields the body doesn't carry (or carries with the wrong type) stay null. A request whose body
 * is no envelope at all is still captured: its problems say why.
 */
class Envelope
{
public:
    static Envelope parse(
        const QByteArray& method, const QByteArray& contentType, const QByteArray& body, const Catalog& catalog);

    static bool isUuid(const QString& key);

    QString event;
    QString channel;
    QString action;
    QString environment;
    QString idempotencyKey;
    QString message;
    /// The resource the event is about: data.id as text (a string as it is, an integer in decimal),
    /// null when there is none or the body names no channel. Same channel + same resourceId = same
    /// resource, which is how the window lines up a resource's history.
    QString resourceId;
    /// Short English phrases, stored with the event and exported as they are (a data contract,
    /// so not translated here; a window may translate them for display).
    QStringList problems;

private:
    void readObject(const class QJsonObject& object, const Catalog& catalog);
    void readResourceId(const class QJsonValue& id);
    QString stringField(const QJsonObject& object, const QString& name);
    void checkEvent(const Catalog& catalog);
};
