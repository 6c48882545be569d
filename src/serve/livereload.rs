//! Live reload over Server-Sent Events: one thread per stream on its raw connection, writing
//! each event with a heartbeat so dead clients are noticed.
//!
//! tiny_http buffers response bodies, so a stream takes over its connection and we write the
//! HTTP head ourselves. The listening script is injected into pages only while serving, never
//! into `build` output.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// What the browser should do after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Reload the page.
    Page,
    /// Only stylesheets changed: swap them in place.
    Css,
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<(Reload, u64)>>>,
}

impl Hub {
    /// Tells every connected browser; streams whose browser went away are dropped.
    pub fn broadcast(&self, what: Reload, version: u64) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send((what, version)).is_ok());
        }
    }

    fn subscribe(&self) -> Receiver<(Reload, u64)> {
        let (tx, rx) = channel();
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        rx
    }

    /// Serves one event stream on its own thread until the browser disconnects.
    pub fn stream(&self, mut out: Box<dyn Write + Send>, instance: u64, version: u64) {
        let rx = self.subscribe();
        std::thread::spawn(move || {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n";
            // `hello` carries the server instance and site version: a browser that reconnects
            // to a restarted server (or missed a rebuild) sees a new value and reloads.
            let hello = format!("retry: 1000\nevent: hello\ndata: {instance}-{version}\n\n");
            if out.write_all(head.as_bytes()).is_err()
                || out.write_all(hello.as_bytes()).is_err()
                || out.flush().is_err()
            {
                return;
            }
            loop {
                let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                    Ok((Reload::Page, v)) => format!("event: reload\ndata: {instance}-{v}\n\n"),
                    Ok((Reload::Css, v)) => format!("event: css\ndata: {instance}-{v}\n\n"),
                    Err(RecvTimeoutError::Timeout) => ": heartbeat\n\n".to_string(),
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                if out.write_all(msg.as_bytes()).is_err() || out.flush().is_err() {
                    return;
                }
            }
        });
    }
}

/// The script injected before `</body>`: listens on the base-path-relative event URL.
pub fn script(events_url: &str) -> String {
    format!(
        r#"<script>/* kehila serve: live reload */(function(){{var u="{events_url}",seen=null;function go(){{var s=new EventSource(u);s.addEventListener("hello",function(e){{if(seen!==null&&seen!==e.data){{location.reload();}}seen=e.data;}});s.addEventListener("reload",function(){{location.reload();}});s.addEventListener("css",function(e){{seen=e.data;document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){{var h=l.href.split("?")[0];l.href=h+"?v="+encodeURIComponent(e.data);}});}});s.onerror=function(){{s.close();setTimeout(go,1000);}};}}go();}})();</script>"#
    )
}
