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
    /// Short English phrases, stored with the event and exported as they are (a data contract,
    /// so not translated here; a window may translate them for display).
    QStringList problems;

private:
    void readObject(const class QJsonObject& object, const Catalog& catalog);
    QString stringField(const QJsonObject& object, const QString& name);
    void checkEvent(const Catalog& catalog);
};
