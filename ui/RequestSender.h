#pragma once

#include "Delivery.h"
#include "OutgoingRequest.h"

#include <QObject>

class Deliverer;
class HistoryWorker;

/// Sends one request made by hand (an event edited before sending) and records the attempt in the
/// history's deliveries, as ResendJob does for stored events. The write runs on a thread of its
/// own: the window never waits for the capture's lock.
class RequestSender : public QObject
{
    Q_OBJECT

public:
    explicit RequestSender(const QString& dbPath, QObject* parent = nullptr);

    void setTimeout(int ms);
    /// Sends @p request on behalf of event @p eventId; sent() reports the attempt once recorded.
    void send(const OutgoingRequest& request, qint64 eventId);

signals:
    /// The attempt, stored in the history (delivery.id set) unless that failed (@p error says why).
    void sent(const Delivery& delivery, const QString& error);

private:
    void record(const Delivery& delivery);

    QString m_dbPath;
    Deliverer* m_deliverer;
    HistoryWorker* m_worker;
};
