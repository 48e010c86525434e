#pragma once

#include "TestEventSender.h"

#include <QDialog>
#include <QRandomGenerator64>

#include <memory>

class Deliverer;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class WebhookFactory;

/**
 * @brief "Send test event": plays the provider. Pick a channel, an action and an environment and
 * get a realistic webhook (WebhookFactory), edit it if wanted, and send it to any URL (by default
 * the window's own endpoint), each one K times under its key with a delay, like the provider's
 * retries; or send a burst of N fresh webhooks at a rate across chosen channels (TestEventSender).
 * What came back is listed as it arrives.
 */
class SendEventDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SendEventDialog(QWidget* parent = nullptr);
    ~SendEventDialog() override;

    void setTarget(const QString& url);
    QString target() const;
    /// Picks a channel event and environment and makes a new webhook for them.
    void setChannelEvent(const QString& channel, const QString& action, const QString& environment = {});
    /// The webhook body shown (as edited).
    QString envelope() const;
    void setEnvelope(const QString& body);
    /// A new webhook of the chosen channel event: new key, new data.
    void regenerate();
    /// Each webhook goes out @p copies times under its key, @p delayMs apart.
    void setRetries(int copies, int delayMs);
    /// A burst: @p count fresh webhooks at @p rate per second (0: one after another) across @p channels.
    void setBurst(int count, double rate, const QStringList& channels);
    /// What came back so far, one line per request.
    QString log() const;
    /// Why the burst can't be sent (TestEventSender::check), empty when it can.
    QString burstProblem() const;

    /// Sends the shown webhook (and its retries); finished() when every copy was answered.
    bool sendEnvelope();
    /// Sends the burst; finished() when every webhook was answered.
    bool sendBurst();
    bool isSending() const { return m_sending; }

signals:
    /// A send is over: @p failed requests got no 2xx.
    void finished(int failed);

private:
    QWidget* buildSingle();
    QWidget* buildBurst();
    void fillActions();
    QUrl targetUrl(QString* error) const;
    void sendCopy(const QByteArray& body, const QString& key, int copiesLeft);
    void logDelivery(const QString& event, const QString& key, const Delivery& delivery);
    void setSending(bool sending);
    TestEventSender::Plan burstPlan() const;

    QRandomGenerator64 m_random;
    std::unique_ptr<WebhookFactory> m_factory;
    Deliverer* m_deliverer;
    TestEventSender* m_burst = nullptr;
    int m_pending = 0; ///< copies of the shown webhook not yet answered
    int m_failed = 0;
    bool m_sending = false;
    QLineEdit* m_target;
    QComboBox* m_channel = nullptr;
    QComboBox* m_action = nullptr;
    QComboBox* m_environment = nullptr;
    QPlainTextEdit* m_envelope = nullptr;
    QPushButton* m_regenerate = nullptr;
    QSpinBox* m_copies;
    QSpinBox* m_retryDelay;
    QSpinBox* m_count = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QListWidget* m_burstChannels = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_sendBurst = nullptr;
    QPlainTextEdit* m_log;
    QLabel* m_status;
};
