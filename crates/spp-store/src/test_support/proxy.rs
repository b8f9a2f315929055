//! A TCP proxy in front of a database server that a test can cut and restore: the way to
//! make "the server went away" without stopping a server other tests share.

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

/// Forwards `127.0.0.1:port` to a target address. [`CutProxy::cut`] closes every connection
/// through it and stops listening (the port then refuses); [`CutProxy::restore`] listens on
/// the same port again. It runs on a thread of its own, so it outlives any test runtime.
pub struct CutProxy {
    port: u16,
    target: String,
    /// Counts the cuts: a connection ends when the count moves past the one it began under.
    cuts: watch::Sender<u64>,
    handle: tokio::runtime::Handle,
    stop: Option<oneshot::Sender<()>>,
}

impl CutProxy {
    /// A proxy to `target` (`host:port`) on a free port of 127.0.0.1.
    pub fn start(target: &str) -> CutProxy {
        CutProxy::start_on(target, 0)
    }

    /// On `port` (0: any free port).
    pub fn start_on(target: &str, port: u16) -> CutProxy {
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("proxy runtime");
            handle_tx.send(rt.handle().clone()).expect("handle sent");
            let _ = rt.block_on(stopped);
        });
        let handle = handle_rx.recv().expect("the proxy thread started");
        let (cuts, _) = watch::channel(0);
        let mut proxy = CutProxy {
            port,
            target: target.to_string(),
            cuts,
            handle,
            stop: Some(stop),
        };
        proxy.port = proxy.listen(port);
        proxy
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Closes every connection through the proxy and stops listening.
    pub fn cut(&self) {
        self.cuts.send_modify(|n| *n += 1);
    }

    /// Listens on the same port again (after [`CutProxy::cut`]).
    pub fn restore(&mut self) {
        self.port = self.listen(self.port);
    }

    fn listen(&self, port: u16) -> u16 {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("proxy bind");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("proxy address").port();
        let target = self.target.clone();
        let cuts = self.cuts.subscribe();
        self.handle.spawn(async move {
            let listener = TcpListener::from_std(listener).expect("proxy listener");
            accept(listener, target, cuts).await;
        });
        port
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.cut();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Accepts until the next cut, forwarding each connection until the cut after it began.
async fn accept(listener: TcpListener, target: String, mut cuts: watch::Receiver<u64>) {
    let began = *cuts.borrow_and_update();
    let for_connections = cuts.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { return };
                let target = target.clone();
                tokio::spawn(forward(client, target, for_connections.clone(), began));
            }
            _ = cuts.wait_for(|n| *n != began) => return,
        }
    }
}

async fn forward(
    mut client: TcpStream,
    target: String,
    mut cuts: watch::Receiver<u64>,
    began: u64,
) {
    let Ok(mut server) = TcpStream::connect(&target).await else {
        return;
    };
    tokio::select! {
        _ = copy_bidirectional(&mut client, &mut server) => {}
        _ = cuts.wait_for(|n| *n != began) => {}
    }
    // Both sockets are dropped here: the connection is gone.
}
