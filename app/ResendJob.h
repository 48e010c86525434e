#pragma once

#include "Deliverer.h"
#include "DeliveryTarget.h"
#include "OutgoingRequest.h"

#include <QObject>

#include <memory>

class EventStore;

/// What a resend sends and how.
struct ResendOptions
{
    DeliveryTarget target;
    TargetAuth auth; ///< with its secret, read from the keychain by the caller
    OutgoingRequest::Key key = OutgoingRequest::Key::Keep;
    int timeoutMs = Deliverer::DefaultTimeoutMs;
    int concurrency = 4; ///< requests in flight at once
};

/**
 * @brief Resends stored events to one target: a few at a time, each event read from the history
 * only when its turn comes (a resend of a million events holds ids, not bodies), every attempt
 * recorded in the history's deliveries.
 *
 * Lives on the thread that creates it (the window's or the command line's); never blocks it.
 */
class ResendJob : public QObject
{
    Q_OBJECT

public:
    ResendJob(const QString& dbPath, const QList<qint64>& ids, const ResendOptions& options, QObject* parent = nullptr);
    ~ResendJob() override;

    /// Opens the history and starts sending; false with errorString() when the history can't be read.
    bool start();
    /// Sends nothing more; what is in flight is abandoned and reported as cancelled.
    void cancel();
    QString errorString() const { return m_error; }
    int total() const { return static_cast<int>(m_ids.size()); }

signals:
    /// One attempt, already stored in the history (delivery.id set) unless that failed.
    void delivered(const Delivery& delivery);
    void progress(int done, int total);
    /// Every event was sent (or the job was cancelled): how many got a 2xx, and how many did not.
    void finished(int succeeded, int failed, int cancelled);

private:
    void sendMore();
    void record(const Delivery& delivery);

    QString m_dbPath;
    QList<qint64> m_ids;
    ResendOptions m_options;
    std::unique_ptr<EventStore> m_store;
    Deliverer* m_deliverer;
    QString m_error;
    qsizetype m_next = 0;
    int m_done = 0;
    int m_succeeded = 0;
    int m_failed = 0;
    int m_cancelled = 0;
    bool m_cancelling = false;
    bool m_finished = false;
};
