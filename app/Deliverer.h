#pragma once

#include "Delivery.h"
#include "OutgoingRequest.h"

#include <QHash>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * @brief Sends OutgoingRequests and reports each as a Delivery. Asynchronous: lives on the thread
 * that created it and never blocks it.
 *
 * Redirects are not followed (the 3xx is the target's answer, shown as such), and each request
 * fails after the timeout, so a dead target costs a bounded wait.
 */
class Deliverer : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultTimeoutMs = 30000;

    explicit Deliverer(QObject* parent = nullptr);
    ~Deliverer() override;

    void setTimeout(int ms) { m_timeoutMs = ms; }
    /// Starts sending @p request on behalf of @p eventId; finished() reports it under the returned ticket.
    quint64 send(const OutgoingRequest& request, qint64 eventId = 0);
    /// Stops every request in flight; each reports a "cancelled" Delivery.
    void cancelAll();
    int inFlight() const { return static_cast<int>(m_pending.size()); }

signals:
    void finished(quint64 ticket, const Delivery& delivery);

private:
    struct Pending
    {
        quint64 ticket = 0;
        Delivery delivery;
        qint64 startedMs = 0; ///< monotonic
    };
    void readSome(QNetworkReply* reply);
    void complete(QNetworkReply* reply);

    QNetworkAccessManager* m_network;
    QHash<QNetworkReply*, Pending> m_pending;
    quint64 m_nextTicket = 1;
    int m_timeoutMs = DefaultTimeoutMs;
};
