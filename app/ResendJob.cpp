#include "ResendJob.h"

#include "EventStore.h"
#include "ResendGuard.h"

#include <QDateTime>

#include <algorithm>

ResendJob::ResendJob(const QString& dbPath, const QList<qint64>& ids, const ResendOptions& options, QObject* parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_ids(ids)
    , m_options(options)
    , m_deliverer(new Deliverer(this))
{
    m_total = static_cast<int>(ids.size());
    m_deliverer->setTimeout(options.timeoutMs);
    connect(m_deliverer, &Deliverer::finished, this, [this](quint64, const Delivery& delivery) { record(delivery); });
}

ResendJob::~ResendJob() = default;

bool ResendJob::start()
{
    m_store = std::make_unique<EventStore>();
    if (!m_store->open(m_dbPath, EventStore::OpenMode::MustExist)) {
        m_error = m_store->errorString();
        return false;
    }
    // Queued, so that a caller connects to the signals before the first result can arrive.
    QMetaObject::invokeMethod(this, &ResendJob::sendMore, Qt::QueuedConnection);
    return true;
}

void ResendJob::enqueue(const QList<qint64>& ids)
{
    if (m_finished || m_cancelling) {
        return;
    }
    // Sent ids are dropped from the front now and then, so a long auto-forward holds only what waits.
    if (m_next > 4096 && m_next * 2 > m_ids.size()) {
        m_ids.remove(0, m_next);
        m_next = 0;
    }
    const qsizetype room = std::max<qsizetype>(0, MaxQueued - (m_ids.size() - m_next));
    m_ids.append(ids.mid(0, room));
    m_total += static_cast<int>(std::min(room, ids.size()));
    if (ids.size() > room) {
        emit skipped(static_cast<int>(ids.size() - room));
    }
    if (m_store) {
        sendMore();
    }
}

void ResendJob::cancel()
{
    if (m_finished || m_cancelling) {
        return;
    }
    m_cancelling = true;
    m_cancelled += static_cast<int>(m_ids.size() - m_next);
    m_next = m_ids.size();
    m_deliverer->cancelAll();
    sendMore();
}

void ResendJob::sendMore()
{
    while (!m_cancelling && m_next < m_ids.size() && m_deliverer->inFlight() < m_options.concurrency) {
        const qint64 id = m_ids.at(m_next++);
        const StoredEvent event = m_store->event(id);
        if (event.id == 0) {
            // Deleted since it was picked: nothing to send, and nothing to hide either.
            Delivery missing;
            missing.eventId = id;
            missing.target = m_options.target.url.toString();
            missing.error = tr("event #%1 is no longer in the history").arg(id);
            record(missing);
            continue;
        }
        const QString mismatch = ResendGuard::mismatch(event.environment, m_options.target.environment);
        if (!m_options.crossEnvironments && !mismatch.isEmpty()) {
            Delivery held;
            held.eventId = id;
            held.target = m_options.target.url.toString();
            held.method = event.method;
            held.sentAtMs = QDateTime::currentMSecsSinceEpoch();
            held.error = tr("held back: %1").arg(mismatch);
            record(held);
            continue;
        }
        OutgoingRequest request = OutgoingRequest::fromEvent(event, m_options.target.url, m_options.key);
        request.applyAuth(m_options.auth);
        m_deliverer->send(request, id);
    }
    const bool ended = !m_openEnded || m_cancelling;
    if (ended && !m_finished && m_next >= m_ids.size() && m_deliverer->inFlight() == 0) {
        m_finished = true;
        emit finished(m_succeeded, m_failed, m_cancelled);
    }
}

void ResendJob::record(const Delivery& delivery)
{
    Delivery stored = delivery;
    if (m_cancelling && delivery.status == 0) {
        ++m_cancelled;
    } else if (delivery.succeeded()) {
        ++m_succeeded;
    } else {
        ++m_failed;
    }
    if (!m_cancelling || delivery.status != 0) {
        m_store->addDelivery(stored);
    }
    ++m_done;
    emit delivered(stored);
    emit progress(m_done, total());
    if (m_deliverer->inFlight() == 0 || !m_cancelling) {
        QMetaObject::invokeMethod(this, &ResendJob::sendMore, Qt::QueuedConnection);
    }
}
