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
    /// False for auto-forward, which can't ask: an event of one environment is held back from a
    /// target marked as the other (recorded as such). A resend asks before it starts instead.
    bool crossEnvironments = true;
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

    /// Events waiting beyond this are not queued (auto-forward to a target slower than capture):
    /// skipped() counts them.
    static constexpr qsizetype MaxQueued = 100000;

    /// Opens the history and starts sending; false with errorString() when the history can't be read.
    bool start();
    /// Auto-forward: the job never runs out of work, enqueue() feeds it, and only cancel() ends it.
    void setOpenEnded(bool openEnded) { m_openEnded = openEnded; }
    /// Adds @p ids to the end of the queue (those beyond MaxQueued are skipped).
    void enqueue(const QList<qint64>& ids);
    int waiting() const { return static_cast<int>(m_ids.size() - m_next); }
    /// Sends nothing more; what is in flight is abandoned and reported as cancelled.
    void cancel();
    QString errorString() const { return m_error; }
    /// Every event the job was given (and did not skip) so far.
    int total() const { return m_total; }

signals:
    /// One attempt, already stored in the history (delivery.id set) unless that failed.
    void delivered(const Delivery& delivery);
    void progress(int done, int total);
    /// @p count events were not queued because MaxQueued were waiting already.
    void skipped(int count);
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
    int m_total = 0;
    int m_done = 0;
    int m_succeeded = 0;
    int m_failed = 0;
    int m_cancelled = 0;
    bool m_cancelling = false;
    bool m_finished = false;
    bool m_openEnded = false;
};
