import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';

// Each screen is its own chunk: a first visit loads only the screen it opens.
const Home = lazy(() => import('./routes/Home'));
const ClaimPage = lazy(() => import('./routes/ClaimPage'));
const ActorPage = lazy(() => import('./routes/ActorPage'));
const NotFound = lazy(() => import('./routes/NotFound'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="claims/:id" element={<ClaimPage />} />
        <Route path="actors/:id" element={<ActorPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
