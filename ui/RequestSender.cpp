#include "RequestSender.h"

#include "Deliverer.h"
#include "EventStore.h"
#include "HistoryWorker.h"

namespace {

struct Recorded
{
    Delivery delivery;
    QString error;
};

} // namespace

RequestSender::RequestSender(const QString& dbPath, QObject* parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_deliverer(new Deliverer(this))
    , m_worker(new HistoryWorker(QStringLiteral("edited resend"), this))
{
    connect(m_deliverer, &Deliverer::finished, this, [this](quint64, const Delivery& d) { record(d); });
}

void RequestSender::setTimeout(int ms)
{
    m_deliverer->setTimeout(ms);
}

void RequestSender::send(const OutgoingRequest& request, qint64 eventId)
{
    m_deliverer->send(request, eventId);
}

void RequestSender::record(const Delivery& delivery)
{
    m_worker->run(
        [worker = m_worker, path = m_dbPath, delivery] {
            Recorded r {delivery, QString()};
            EventStore* store = worker->store(path, &r.error);
            if (store && !store->addDelivery(r.delivery)) {
                r.error = store->errorString();
            }
            return r;
        },
        [this](const Recorded& r) { emit sent(r.delivery, r.error); });
}
