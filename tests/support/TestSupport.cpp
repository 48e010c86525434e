#include "TestSupport.h"

#include "EventStore.h"

#include <QUuid>

TempHistory::TempHistory() = default;

QString TempHistory::path(const QString& name) const
{
    return m_dir.filePath(name);
}

QByteArray providerWebhook(const QByteArray& event, const QByteArray& key, const QByteArray& environment)
{
    return "{\"event\":\"" + event + "\",\"message\":\"Business_Loan deleted successfully.\",\"idempotency_key\":\""
        + key + "\",\"environment\":\"" + environment + "\",\"data\":{\"id\":1,\"tag\":\"adasd\"}}";
}

QByteArray newKey()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QByteArrayList flatten(const HttpHeaders& headers)
{
    QByteArrayList out;
    for (const HttpHeader& h : headers) {
        out << h.name << h.value;
    }
    return out;
}

QList<StoredEvent> storedEvents(const QString& path)
{
    QList<StoredEvent> events;
    EventStore store;
    if (!store.open(path, EventStore::OpenMode::MustExist) || !store.forEach([&events](const StoredEvent& e) {
            events.append(e);
            return true;
        })) {
        qWarning("%s", qPrintable(store.errorString()));
    }
    return events;
}
