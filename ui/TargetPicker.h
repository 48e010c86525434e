#pragma once

#include "DeliveryTarget.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QPushButton;
class Secrets;

/// Where events go: a URL (the recent targets offered, any other typed), how the target is marked
/// for the guard rail (not marked, staging, production) and its auth (edited in TargetAuthDialog).
/// The resend and the forward dialogs share it.
class TargetPicker : public QWidget
{
    Q_OBJECT

public:
    explicit TargetPicker(Secrets* secrets, QWidget* parent = nullptr);

    /// The target as chosen: its remembered auth, and the marking shown. Check isValid() first.
    DeliveryTarget target() const;
    QString urlText() const;
    void setUrl(const QString& url);
    void setEnvironment(const QString& environment);
    /// Whether the URL is one events can be sent to; when not, @p error says why.
    bool isValid(QString* error = nullptr) const;
    /// Puts the chosen target first in the recent targets, with its marking (never its secret).
    void remember() const;

    /// @p text as an http(s) URL with a host; false with @p error otherwise.
    static bool parseUrl(const QString& text, QUrl* url, QString* error);

signals:
    void changed();

private:
    void urlChanged();
    void editAuth();
    void updateAuthButton();
    const DeliveryTarget* known(const QUrl& url) const;

    Secrets* m_secrets;
    QList<DeliveryTarget> m_recent;
    QComboBox* m_url;
    QComboBox* m_environment;
    QPushButton* m_auth;
};
