#pragma once

#include "DeliveryTarget.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class Secrets;

/**
 * The auth of one target: none, a bearer token, or an HMAC-SHA256 signing secret (header name,
 * hex or base64 digest). Saving writes the secret to the keychain through Secrets, without
 * waiting for it, and the rest to the target list; the secret never goes to the settings. Where
 * no keychain answers, the dialog says so in Secrets' words and stays open until closed.
 */
class TargetAuthDialog : public QDialog
{
    Q_OBJECT

public:
    TargetAuthDialog(const DeliveryTarget& target, Secrets* secrets, QWidget* parent = nullptr);

    /// The target as saved (or as it was, before saving).
    const DeliveryTarget& target() const { return m_target; }
    /// Save: checks, then writes the secret (when one was typed) and the target.
    void save();

signals:
    /// The target's auth was saved (to the target list; the secret to the keychain or this run).
    void saved(const DeliveryTarget& target);

private:
    void updateFields();
    /// The secret is where it goes: remembers the target and closes, or says why it is this run only.
    void finishSave(const DeliveryTarget& target, const QString& note);
    void fail(const QString& message);

    DeliveryTarget m_target;
    Secrets* m_secrets;
    QComboBox* m_kind;
    QLineEdit* m_secret;
    QLabel* m_secretLabel;
    QLineEdit* m_header;
    QLabel* m_headerLabel;
    QComboBox* m_encoding;
    QLabel* m_encodingLabel;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    bool m_busy = false;
};
