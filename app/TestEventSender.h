#pragma once

#include "Deliverer.h"
#include "WebhookFactory.h"

#include <QHash>
#include <QObject>
#include <QUrl>

class QTimer;

/**
 * @brief The provider's side, simulated: sends realistic webhooks of chosen channel events to a
 * URL, in bursts at a rate, each one optionally repeated under the same key like the provider's
 * retries. Lives on its thread's event loop; never blocks it.
 */
class TestEventSender : public QObject
{
    Q_OBJECT

public:
    struct ChannelEvent
    {
        QString channel;
        QString action;
    };

    struct Plan
    {
        QUrl target;
        QList<ChannelEvent> events; ///< drawn in turn: event i is events[i % size]
        QByteArray environment = QByteArrayLiteral("staging");
        int count = 1; ///< distinct webhooks (each with its own key)
        double rate = 0; ///< webhooks per second; 0: the next one when the last was answered
        int copies = 1; ///< times each webhook is sent (same key, same body): 1 + the retries
        int retryDelayMs = 1000; ///< between the copies of one webhook
        /// When set, the data object of every webhook (a JSON object's text, used as it is).
        QByteArray data;
    };

    /// Why @p plan can't be sent (a channel the catalog lacks, an action a channel doesn't offer,
    /// ledgers with other channels, ...), in one line; empty when it can.
    static QString check(const Plan& plan);

    explicit TestEventSender(const Plan& plan, QObject* parent = nullptr);

    /// Starts sending (the plan must have passed check()).
    void start();
    /// A webhook body as the plan makes them (for the window's "edit before sending").
    QByteArray makeBody(const ChannelEvent& event, const QByteArray& key);

signals:
    /// One request and its answer; @p event is "invoices.created", @p key the idempotency key.
    void sent(const QString& event, const QString& key, const Delivery& delivery);
    /// Every request got an answer or an error: how many of them were not 2xx.
    void finished(int failed);

private:
    /// One webhook, and how many more times it goes out.
    struct Copy
    {
        QString event;
        QByteArray key;
        QByteArray body;
        int copiesLeft = 1;
    };

    void sendNext();
    void sendCopy(const Copy& copy);
    void answered(quint64 ticket, const Delivery& delivery);
    void maybeFinish();

    Plan m_plan;
    QRandomGenerator64 m_random;
    WebhookFactory m_factory;
    Deliverer* m_deliverer;
    QTimer* m_pace;
    QHash<quint64, Copy> m_inFlight;
    int m_made = 0;
    int m_pendingCopies = 0; ///< copies not yet answered (scheduled or in flight)
    int m_failed = 0;
    bool m_finished = false;
};
