#pragma once

#include <QPlainTextEdit>

struct Delivery;

/// What a target answered to one delivery (status line, header fields, body), or the network
/// error in words: plain text, since the answer is the target's untrusted bytes.
class DeliveryAnswerView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit DeliveryAnswerView(QWidget* parent = nullptr);

    void setDelivery(const Delivery& delivery);
    void showMessage(const QString& message);

    /// The text shown for @p delivery.
    static QString text(const Delivery& delivery);
};
