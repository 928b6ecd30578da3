// Tells the header bell that notifications changed on another screen (read, all read), so its
// unread count follows without waiting for the next poll.
const EVENT = 'cwp:notifications-changed';

export function notificationsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onNotificationsChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}

/** Only same-origin app routes are followed (a link is data from the server). */
export function internalLink(link: string | null): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) {
    return null;
  }
  return link;
}
